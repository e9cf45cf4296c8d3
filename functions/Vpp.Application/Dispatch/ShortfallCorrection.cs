namespace Vpp.Application.Dispatch;

/// <summary>An activity's request: cover <see cref="ShortKw"/> of an event's delivery from <see cref="AtUtc"/> (the <see cref="Number"/>th correction).</summary>
public sealed record ShortfallCorrection(string ProgramId, string EventId, double ShortKw, int Number, DateTimeOffset AtUtc);
