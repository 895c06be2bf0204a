
pub mod links;
