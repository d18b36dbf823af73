"""Domain, rules and services of ZVH Overleg. Never imports Textual."""
