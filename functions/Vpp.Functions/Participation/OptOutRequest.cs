namespace Vpp.Functions.Participation;

public sealed record OptOutRequest(string? FromUtc, string? UntilUtc, string? Reason);
