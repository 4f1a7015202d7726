/**
 * Account discovery: lists accounts from AWS Organizations (optionally narrowed by IAM Identity
 * Center assignments), filters them, caches the listing, and hands the matched accounts to {@code
 * config.TargetGenerator}, which turns them into ordinary targets. Only reads AWS; writes only its
 * own cache record.
 */
package dev.secretsync.discovery;
