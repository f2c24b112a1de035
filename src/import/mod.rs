//! `claimtrack import`: an article (a file, standard input or a URL) read
//! into its text, split into sentences, and every sentence that credits
//! someone turned into a claim file: a new front door to the same model,
//! written through `create` and checked by `load` like any other file.

pub(crate) mod credits;
pub(crate) mod page;
pub(crate) mod sentences;
