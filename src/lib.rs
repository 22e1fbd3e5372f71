//! kaisetsu (解説): a static-site generator for explainer microsites.
//!
//! The build is a pipeline of small stages: load → resolve → markdown → templates → write.

pub mod config;
pub mod date;
pub mod error;
pub mod keys;
pub mod load;
pub mod model;
pub mod span;
