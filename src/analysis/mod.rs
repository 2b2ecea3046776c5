//! Questions asked of a map: which claims rest on which, what attacks what, which claims
//! stand under a semantics, and which claims a conclusion turns on.
//!
//! Pure functions of an [`ArgumentGraph`](crate::ArgumentGraph), through the dense
//! [`Dialectic`] view built once per map. Nothing here prints or reads files.

pub mod cruxes;
pub mod dominators;
pub mod double_cruxes;
pub mod impact;
pub mod query;
pub mod reach;
pub mod resolve;
pub mod semantics;
mod view;

pub use view::{Claim, Dialectic, Link};
