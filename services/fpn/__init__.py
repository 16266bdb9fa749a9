"""PSPO fixed penalty notices: the register of orders, issuing, the notice lifecycle and reports."""
