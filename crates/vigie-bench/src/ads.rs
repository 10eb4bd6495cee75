//! Seeded synthetic French escort ads with planted networks (being built).
