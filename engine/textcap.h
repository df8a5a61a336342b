/*
 * textcap.h - how long a text may be that ends up in findings.
 *
 * A rule's basis is copied into every finding of the rule: a catalog
 * basis of 9 MB once grew a 7 MB database to 1.85 GB.  So every text of
 * the policy set that can enter a finding is refused at load past
 * GK_POLICY_TEXT_MAX bytes (the message names file and line), and the
 * store cuts every text of a finding to GK_FINDING_TEXT_MAX bytes (a
 * backstop for what comes from records: a unit named in 60 KB).
 *
 * 1 KiB is some 340 Chinese characters: the longest basis in the bundled
 * set is under 120 bytes, the longest message under 200.
 */
#ifndef GK_TEXTCAP_H
#define GK_TEXTCAP_H

/* A rule's message, basis or reason; a catalog item's id, name, basis,
 * elements, responsible units...; a waiver's reason and approver. */
#define GK_POLICY_TEXT_MAX 1024

/* Each text column of a stored finding or early warning. */
#define GK_FINDING_TEXT_MAX 4096

#endif
