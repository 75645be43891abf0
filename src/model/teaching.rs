//! A teaching script: the stops where playback pauses to ask the class "what happens next?",
//! saved with the case so a lecture can be given again the same way.
//!
//! Left out of the file while it has no stop, so case files written before it existed load
//! and save unchanged. The class's answers are not part of it: each class gives its own.

use serde::{Deserialize, Serialize};

use super::time::CaseTime;

/// The stops of a lecture on this case, in time order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeachingScript {
    #[serde(default)]
    pub stops: Vec<TeachingStop>,
}

impl TeachingScript {
    pub fn is_empty(&self) -> bool {
        self.stops.is_empty()
    }
}

/// Playback stops at `time` with the days after it hidden, and the class is asked `question`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeachingStop {
    pub time: CaseTime,
    pub question: String,
}
