namespace Vpp.Domain.Settlement;

/// <summary>One line of a statement: quantity × rate = amount (rounded to the cent), with what it is for in words; caps are lines of their own that take back what exceeds them.</summary>
public sealed record StatementLine(StatementLineKind Kind, string? EventId, string Description, decimal Quantity, string Unit, decimal? Rate, decimal Amount);
