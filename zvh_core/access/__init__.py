"""Who may do what and who did what: rights per role, the partner visibility rules, accounts and logins, the
access log (toegangslog) and every file that leaves the store (exports)."""
