//! The `cuadra` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    cuadra::cli::main()
}
