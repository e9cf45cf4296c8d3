namespace Vpp.Application.Participation;

/// <summary>An opt-out to clear from its device's twin once it has ended.</summary>
public sealed record OptOutExpiry(string DeviceId, string OptOutId, DateTimeOffset UntilUtc);
