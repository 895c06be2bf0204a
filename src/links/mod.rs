//! Link checking. (Minimal module file for the `online` branch; the lead merges the full one.)

pub mod online;
