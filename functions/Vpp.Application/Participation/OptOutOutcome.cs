namespace Vpp.Application.Participation;

public enum OptOutOutcome
{
    Done,

    /// <summary>No such device, or no such opt-out of it.</summary>
    NotFound,

    /// <summary>A customer asked about a device that is not theirs (or that does not exist: a customer learns nothing of others' devices).</summary>
    Forbidden,

    Invalid,
}
