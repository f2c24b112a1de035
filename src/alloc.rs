//! The one allocator setting a run changes: how long freed pages are kept
//! before they are given back to the system.
//!
//! jemalloc (src/main.rs) is built to give them back at once
//! (`.cargo/config.toml`): kept, a large `import` or `check --offline`
//! peaks tens of megabytes higher for nothing. While the probe runs, each
//! page given back is a `madvise` and a TLB shootdown, an interrupt of
//! the other core: about 900 of them in a run of 2,000 URLs, some 4% of
//! the probe's CPU time (docs/benchmarks.md). The probe keeps them a second.

/// How long the probe keeps freed pages, in milliseconds.
pub(crate) const PROBE_DECAY_MS: isize = 1000;

/// Keeps freed pages `ms` milliseconds before giving them back (0: at
/// once), in every arena, those made later included. Where jemalloc is not
/// the allocator in use, this sets an allocator nothing allocates from.
pub(crate) fn keep_freed_pages(ms: isize) {
    let _one_at_a_time = SETTING.lock();
    set(ms);
}

/// Held while the setting is written (and read, in tests).
static SETTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn set(ms: isize) {
    #[cfg(not(target_env = "msvc"))]
    for key in [
        // 4096 is MALLCTL_ARENAS_ALL: every arena there is.
        &b"arena.4096.dirty_decay_ms\0"[..],
        b"arena.4096.muzzy_decay_ms\0",
        // The arenas made later (a thread's first allocation may make one).
        b"arenas.dirty_decay_ms\0",
        b"arenas.muzzy_decay_ms\0",
    ] {
        // SAFETY: each of these keys takes an ssize_t. A failure leaves
        // the setting as it was, which is only slower.
        let _ = unsafe { tikv_jemalloc_ctl::raw::write::<isize>(key, ms) };
    }
    #[cfg(target_env = "msvc")]
    let _ = ms;
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::*;

    fn read(key: &[u8]) -> isize {
        // SAFETY: the key holds an ssize_t.
        unsafe { tikv_jemalloc_ctl::raw::read::<isize>(key) }.expect("a jemalloc setting")
    }

    #[test]
    fn the_setting_reaches_the_arenas_there_are_and_those_to_come() {
        {
            // No probe of another test sets it meanwhile.
            let _alone = SETTING.lock();
            set(1234);
            assert_eq!(read(b"arenas.dirty_decay_ms\0"), 1234);
            assert_eq!(read(b"arenas.muzzy_decay_ms\0"), 1234);
            assert_eq!(read(b"arena.0.dirty_decay_ms\0"), 1234);
            assert_eq!(read(b"arena.0.muzzy_decay_ms\0"), 1234);
            set(0);
            assert_eq!(read(b"arena.0.dirty_decay_ms\0"), 0);
            assert_eq!(read(b"arenas.muzzy_decay_ms\0"), 0);
        }
        // What the probe sets; another test's probe may set the same
        // value meanwhile, never another.
        keep_freed_pages(PROBE_DECAY_MS);
        assert_eq!(read(b"arenas.dirty_decay_ms\0"), 1000);
        assert_eq!(read(b"arena.0.muzzy_decay_ms\0"), 1000);
    }
}
