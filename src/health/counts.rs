//! The tallies the figures are made of: sources by what became of them,
//! claims by status and by credit verdict.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Credit, Status};
use crate::probe::State;

/// What became of a source, as the charts sort it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ok,
    Redirected,
    Blocked,
    /// A server error, a timeout, unreachable or refused: not (yet) dead.
    Failing,
    /// Dead, with no archived copy.
    Dead,
    /// Dead, with an archived copy.
    DeadArchived,
    NotChecked,
}

impl Kind {
    /// Every kind, in the order the charts stack them.
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Ok,
        Kind::Redirected,
        Kind::Blocked,
        Kind::Failing,
        Kind::DeadArchived,
        Kind::Dead,
        Kind::NotChecked,
    ];

    /// The kind of a source in `state` (none: not checked).
    pub(crate) fn of(state: Option<State>, archived: bool) -> Kind {
        match state {
            None => Kind::NotChecked,
            Some(State::Ok) => Kind::Ok,
            Some(State::Redirected) => Kind::Redirected,
            Some(State::Blocked) => Kind::Blocked,
            Some(State::Dead) if archived => Kind::DeadArchived,
            Some(State::Dead) => Kind::Dead,
            Some(State::ServerError | State::Timeout | State::Unreachable | State::Refused) => {
                Kind::Failing
            }
        }
    }

    /// Its name in words, as legends and tables say it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Ok => "ok",
            Kind::Redirected => "redirected",
            Kind::Blocked => "blocked",
            Kind::Failing => "failing",
            Kind::Dead => "dead",
            Kind::DeadArchived => "dead, archived",
            Kind::NotChecked => "not checked",
        }
    }
}

/// Sources by [`Kind`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Rot {
    /// Answered.
    pub ok: usize,
    /// End on a page through a permanent redirect.
    pub redirected: usize,
    /// The site refused an automated request.
    pub blocked: usize,
    /// A server error, a timeout, unreachable or refused.
    pub failing: usize,
    /// Dead, with no archived copy.
    pub dead: usize,
    /// Dead, with an archived copy.
    pub dead_archived: usize,
    /// No result in the store.
    pub not_checked: usize,
}

impl Rot {
    fn slot(&mut self, kind: Kind) -> &mut usize {
        match kind {
            Kind::Ok => &mut self.ok,
            Kind::Redirected => &mut self.redirected,
            Kind::Blocked => &mut self.blocked,
            Kind::Failing => &mut self.failing,
            Kind::Dead => &mut self.dead,
            Kind::DeadArchived => &mut self.dead_archived,
            Kind::NotChecked => &mut self.not_checked,
        }
    }

    pub(crate) fn add(&mut self, kind: Kind) {
        *self.slot(kind) += 1;
    }

    pub(crate) fn get(&self, kind: Kind) -> usize {
        let mut c = *self;
        *c.slot(kind)
    }

    pub(crate) fn total(&self) -> usize {
        Kind::ALL.iter().map(|k| self.get(*k)).sum()
    }
}

/// Claims by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct StatusCounts {
    /// Claims with status `unverified`.
    pub unverified: usize,
    /// Claims with status `supported`.
    pub supported: usize,
    /// Claims with status `mixed`.
    pub mixed: usize,
    /// Claims with status `disputed`.
    pub disputed: usize,
    /// Claims with status `refuted`.
    pub refuted: usize,
}

impl StatusCounts {
    pub(crate) fn add(&mut self, status: Status) {
        *self.slot(status) += 1;
    }

    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Unverified => &mut self.unverified,
            Status::Supported => &mut self.supported,
            Status::Mixed => &mut self.mixed,
            Status::Disputed => &mut self.disputed,
            Status::Refuted => &mut self.refuted,
        }
    }

    pub(crate) fn get(&self, status: Status) -> usize {
        let mut c = *self;
        *c.slot(status)
    }

    pub(crate) fn total(&self) -> usize {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// Claims by the verdict on their credit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct CreditCounts {
    /// Claims whose credit is `unchecked` (or not written).
    pub unchecked: usize,
    /// Claims whose credit is `confirmed`.
    pub confirmed: usize,
    /// Claims whose credit is `unlocated`.
    pub unlocated: usize,
    /// Claims whose credit is `misattributed`.
    pub misattributed: usize,
}

impl CreditCounts {
    pub(crate) fn add(&mut self, credit: Credit) {
        *self.slot(credit) += 1;
    }

    fn slot(&mut self, credit: Credit) -> &mut usize {
        match credit {
            Credit::Unchecked => &mut self.unchecked,
            Credit::Confirmed => &mut self.confirmed,
            Credit::Unlocated => &mut self.unlocated,
            Credit::Misattributed => &mut self.misattributed,
        }
    }

    pub(crate) fn get(&self, credit: Credit) -> usize {
        let mut c = *self;
        *c.slot(credit)
    }

    /// The claims that credit an outlet.
    pub(crate) fn total(&self) -> usize {
        Credit::ALL.iter().map(|c| self.get(*c)).sum()
    }
}
