//! Importers for real chat exports.
