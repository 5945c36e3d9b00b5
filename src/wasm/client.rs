//! Exports of the client area (being written).
