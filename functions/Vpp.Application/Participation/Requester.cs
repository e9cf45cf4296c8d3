namespace Vpp.Application.Participation;

/// <summary>
/// Who asks: a customer (known by the subject of their token, which must be the customer id a device was enrolled
/// with) or the program's staff acting for any customer.
/// </summary>
public sealed record Requester(string Subject, bool IsCustomer)
{
    public bool MayAct(string? customerId) => !IsCustomer || string.Equals(customerId, Subject, StringComparison.Ordinal);
}
