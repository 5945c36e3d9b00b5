//! Exports of the validation area (being written).
