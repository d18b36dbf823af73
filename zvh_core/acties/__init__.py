"""Follow-up actions (vervolgacties): a task for a partner with a termijn, from a bespreking or a casus;
open actions per owner, and finishing one. Their review at the next overleg lives in meetings."""
