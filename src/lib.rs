//! claimtrack: claims made in news articles and the citations behind them,
//! kept as TOML files in git and checked.

pub mod archive;
pub mod check;
pub mod cli;
pub mod config;
pub mod create;
pub mod diag;
pub mod error;
pub mod escape;
pub mod export;
pub mod files;
pub mod format;
pub mod git;
pub mod ids;
pub mod layout;
pub mod links;
pub mod load;
pub mod model;
pub mod probe;
pub mod query;
pub mod report;
pub mod review;
pub mod schema;
pub mod site;
pub mod store;
pub mod text;
pub mod validate;
pub mod wording;
