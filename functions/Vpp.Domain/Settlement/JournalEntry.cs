namespace Vpp.Domain.Settlement;

/// <summary>One side of a double-entry posting: an account debited or credited (one of the two is zero), for a customer, with what it is for.</summary>
public sealed record JournalEntry(string EntryId, DateOnly Date, string Account, decimal Debit, decimal Credit, string CustomerId, string Reference);
