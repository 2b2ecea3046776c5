//! The `cruxmap` command: parse arguments, call the library, exit with its status.

// Loading a map allocates many small strings; mimalloc makes that and the page faults
// behind it markedly cheaper than the system allocator (see docs/performance.md). Its v2
// line (the `v2` feature) touches a third less memory than v3 on this workload.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cruxmap::cli::run()
}
