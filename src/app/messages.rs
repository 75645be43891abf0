//! The one channel for what the user must read: load and save errors, refused edits, notes
//! such as a migrated file, and the status line of the last thing done. Every view reports
//! through it, so a refusal is never dropped and never shown twice in two styles.

use super::document::EditRefused;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageLevel {
    Info,
    /// Something the user asked for was not done (a refused edit); nothing was lost.
    Warning,
    Error,
}

/// Something the user should read until they dismiss it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub level: MessageLevel,
    pub text: String,
}

/// How many messages wait at most; the oldest go first, so a loop of failures cannot fill
/// the window.
pub const MESSAGE_LIMIT: usize = 20;

#[derive(Debug, Default)]
pub struct Messages {
    waiting: Vec<Message>,
    /// The last thing done, for the status bar: `Saved case.ron`, `Undid: Add milestone B5`.
    status: Option<String>,
}

impl Messages {
    pub fn push(&mut self, level: MessageLevel, text: impl Into<String>) {
        let message = Message {
            level,
            text: text.into(),
        };
        // The same failure twice in a row (a retried save, say) is one message.
        if self.waiting.last() == Some(&message) {
            return;
        }
        self.waiting.push(message);
        if self.waiting.len() > MESSAGE_LIMIT {
            self.waiting.remove(0);
        }
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(MessageLevel::Error, text);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(MessageLevel::Info, text);
    }

    /// An edit the case refused: what was tried, why, and that nothing changed.
    pub fn refused(&mut self, refusal: &EditRefused) {
        self.push(
            MessageLevel::Warning,
            format!("{refusal}. Nothing was changed; correct it and try again."),
        );
    }

    /// Reports the refusal of an edit, if it was refused; returns whether it was applied.
    pub fn edit_outcome(&mut self, outcome: Result<(), EditRefused>) -> bool {
        match outcome {
            Ok(()) => true,
            Err(refusal) => {
                self.refused(&refusal);
                false
            }
        }
    }

    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(text.into());
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn waiting(&self) -> &[Message] {
        &self.waiting
    }

    pub fn dismiss(&mut self, index: usize) {
        if index < self.waiting.len() {
            self.waiting.remove(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_edit_and_the_reason_and_repeats_are_folded() {
        let mut messages = Messages::default();
        let refusal = EditRefused {
            description: "Rename case".to_owned(),
            reasons: Vec::new(),
        };
        assert!(!messages.edit_outcome(Err(refusal.clone())));
        assert!(!messages.edit_outcome(Err(refusal)));
        assert_eq!(messages.waiting().len(), 1);
        assert!(
            messages.waiting()[0]
                .text
                .starts_with("Rename case was not applied")
        );
        assert_eq!(messages.waiting()[0].level, MessageLevel::Warning);
    }

    #[test]
    fn the_oldest_messages_go_first_past_the_limit() {
        let mut messages = Messages::default();
        for index in 0..MESSAGE_LIMIT + 5 {
            messages.error(format!("failure {index}"));
        }
        assert_eq!(messages.waiting().len(), MESSAGE_LIMIT);
        assert_eq!(messages.waiting()[0].text, "failure 5");
    }
}
