//! Vigie's store on SQLite or PostgreSQL.
