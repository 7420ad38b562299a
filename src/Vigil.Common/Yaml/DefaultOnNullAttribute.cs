namespace Vigil.Common.Yaml;

/// <summary>
/// Marks a config block that Go holds by value (not by pointer): a key given with no body (<c>queue_config:</c>) yields a
/// freshly constructed block with its defaults instead of null. Blocks Go holds by pointer (<c>basic_auth</c>) and list
/// items (where null is reported as "empty or null ... section") stay null.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DefaultOnNullAttribute : Attribute
{
}
