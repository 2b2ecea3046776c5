//! The argument map: statements, arguments and relations in a petgraph `StableDiGraph`,
//! with an `IndexMap` from title to node that keeps source order.
//!
//! Knows nothing of files, formats or terminals; `build` turns a syntax tree into a graph.

mod build;
mod explode;
mod graph;
mod types;

pub use build::build;
pub use graph::{ArgumentGraph, Edge, ModelError, RelationRef};
pub use types::{
    Argument, ArgumentId, ElementId, Location, Member, MemberRole, Mode, PcsStep, Relation,
    RelationKind, Section, SectionId, Statement, StatementId,
};
