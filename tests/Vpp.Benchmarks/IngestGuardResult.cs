namespace Vpp.Benchmarks;

/// <summary>What <see cref="IngestGuard"/> found: whether the run passes, the word for the RESULT line, and why it failed.</summary>
public sealed record IngestGuardResult(bool Passed, string Verdict, string? Message);
