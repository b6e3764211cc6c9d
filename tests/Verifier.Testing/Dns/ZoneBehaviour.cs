namespace Verifier.Testing.Dns;

/// <summary>What the server does with a question instead of (or on top of) answering from the zone.</summary>
internal enum ZoneBehaviour
{
    Answer,
    ServerFailure,
    Refused,
    NoResponse,
    Truncate,
}
