//! Integration tests of the extractors.
mod age;
mod disguise;
mod handle;
mod phone;
mod place;
mod price;
mod spans;
mod web;
