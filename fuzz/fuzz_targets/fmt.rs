//! `fmt`: `format::format` on the input as each kind of file. When it
//! succeeds, formatting its output again must change nothing
//! (idempotence) and must succeed.

#![no_main]

use claimtrack::format::format;
use claimtrack::layout::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in FileKind::ALL {
        if let Ok(once) = format(text, kind) {
            let twice = format(&once, kind).unwrap_or_else(|e| {
                panic!("{kind:?}: the formatted text does not format again: {e}\n---\n{once}")
            });
            assert!(
                once == twice,
                "{kind:?}: not idempotent\n--- once\n{once}\n--- twice\n{twice}"
            );
        }
    }
});
