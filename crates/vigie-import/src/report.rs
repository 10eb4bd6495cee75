//! The offline report (placeholder, replaced below).
