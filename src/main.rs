// jemalloc: the tool allocates many small strings (claims, findings, TOML
// values). Against glibc's allocator it cut `import`'s time by a fifth to
// a third and `check`'s by a fifth, with less memory; `.cargo/config.toml`
// has it give freed pages back at once (docs/benchmarks.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(claimtrack::cli::main());
}
