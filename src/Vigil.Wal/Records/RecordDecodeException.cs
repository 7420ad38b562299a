namespace Vigil.Wal.Records;

/// <summary>A record whose bytes do not match its type's encoding.</summary>
public sealed class RecordDecodeException : Exception
{
    public RecordDecodeException()
    {
    }

    public RecordDecodeException(string message)
        : base(message)
    {
    }

    public RecordDecodeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
