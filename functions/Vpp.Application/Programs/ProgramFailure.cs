namespace Vpp.Application.Programs;

/// <summary>A program a timer could not serve on this tick, and the error that stopped it.</summary>
public sealed record ProgramFailure(string ProgramId, Exception Error)
{
    public string Reason => $"{Error.GetType().Name}: {Error.Message}";
}
