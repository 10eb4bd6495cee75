//! Networks and circuits (DESIGN §4): documents and identifiers joined by explained edges.
