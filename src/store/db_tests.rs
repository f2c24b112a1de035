use super::*;

#[test]
fn a_store_made_meanwhile_by_another_run_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache");
    create(&path, &BTreeMap::new(), &[], Replace::No).unwrap();
    let first = std::fs::read(&path).unwrap();
    // A second run that found no store when it looked, and makes one.
    create(&path, &BTreeMap::new(), &[], Replace::No).expect("theirs is kept, not an error");
    assert_eq!(std::fs::read(&path).unwrap(), first);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temp file left: {names:?}");
}
