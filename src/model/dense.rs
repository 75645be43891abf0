//! Dense monitor series (SpO₂, heart rate every second) live beside the case file in Apache
//! Arrow IPC (Feather v2) files, which pandas, polars and R read directly; RON text would be
//! hundreds of megabytes for one stay. The case file only refers to them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where a series' samples are stored when they are too many for the case file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenseRef {
    /// The Arrow IPC file, relative to the case file's folder.
    pub file: PathBuf,
    /// The value column in that file; times are in its `time` column.
    pub column: String,
}

/// The samples of one dense channel, in memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DenseSamples {
    /// Sample times as milliseconds since 1970-01-01 00:00 of the hospital's local clock,
    /// strictly increasing.
    pub times_ms: Vec<i64>,
    /// One value per time; NaN marks a gap (probe off, artefact removed).
    pub values: Vec<f64>,
}

impl DenseSamples {
    pub fn len(&self) -> usize {
        self.times_ms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.times_ms.is_empty()
    }
}
