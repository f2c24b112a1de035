//! The one integration-test binary: every test drives the real `claimtrack`
//! binary on files it writes to a temporary folder.

mod archive;
#[cfg(feature = "browser-tests")]
mod browser;
mod charts;
mod check;
#[cfg(feature = "citeproc")]
mod citeproc;
mod connections;
mod docs;
mod excerpts;
mod exclude;
mod export;
mod failures;
mod fmt;
mod hostile_config;
mod hostile_tree;
mod hosts;
mod house;
mod html5lib;
mod import;
mod import_outlet;
mod install;
mod layout;
mod list;
mod machine;
mod merge;
mod new;
mod pages;
mod probe;
mod progress;
mod properties;
mod reports;
mod result_store;
mod review;
mod robustness;
#[cfg(feature = "sarif-multitool")]
mod sarif_multitool;
mod schema;
mod server;
mod shell;
mod site;
mod store_command;
mod support;
mod tls;
mod walls;
mod workflow;
