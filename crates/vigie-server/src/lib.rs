//! Vigie's HTTP API.
