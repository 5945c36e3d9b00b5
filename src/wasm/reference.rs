//! Exports of the reference area (being written).
