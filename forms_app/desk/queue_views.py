"""The walk-in queue at the desk: call the next visitor, record the consultation, finish."""
