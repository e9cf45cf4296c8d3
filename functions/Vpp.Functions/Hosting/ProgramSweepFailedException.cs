namespace Vpp.Functions.Hosting;

/// <summary>A timer run in which at least one program could not be served; the message lists them.</summary>
public sealed class ProgramSweepFailedException(string message) : Exception(message);
