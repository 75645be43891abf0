//! CaseLens: a desktop case-review workstation for severe COVID-19 cases.
//!
//! Data flows one way: files ([`io`]) → [`model`] → [`analysis`] → views ([`app`]) and exports.
//! Nothing below [`app`] knows egui exists. Start with `ARCHITECTURE.md`.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![warn(clippy::too_many_lines)]

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod io;
pub mod model;
pub mod palette;
pub mod report;
