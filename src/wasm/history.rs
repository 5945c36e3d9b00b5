//! Exports of the history area (being written).
