namespace Vpp.Functions.Dispatch;

public sealed record DispatchTransitionView(string? From, string To, DateTimeOffset AtUtc, string Cause);
