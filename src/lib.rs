//! `tender`: analysis of the bids of a joint purchase (groupement de commandes) of
//! digital library resources.
//!
//! The data's path: the tender file ([`tender`]) → the bidders' workbooks ([`bpu`]) →
//! raw offers ([`offer`]) → one comparable yearly cost per offer, lot and scope
//! ([`pricing`]) → marks and ranks ([`award`]) → outputs ([`output`]). [`analysis`] runs
//! the whole path once for every command. The domain modules (`pricing`, `award`) do no
//! input or output; the library is usable without the command line.

pub mod analysis;
pub mod award;
pub mod bpu;
pub mod check;
pub mod counter;
pub mod date;
pub mod download;
pub mod exact;
pub mod explain;
pub mod fuzzing;
pub mod isolation;
pub mod lang;
pub mod money;
pub mod offer;
pub mod output;
pub mod plausibility;
pub mod pricing;
pub mod publish;
pub mod report;
pub mod revised;
pub mod simulate;
pub mod source;
pub mod split;
pub mod tender;
