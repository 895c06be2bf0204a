//! The `cuadra` binary: everything lives in the library.

// Rules allocate many small vectors per block; mimalloc handles that better than the
// system allocator (measured with `cargo bench`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cuadra::cli::main()
}
