namespace Zarr.Storage;

/// <summary>A file or folder under a <see cref="LocalStore"/>'s root, as <see cref="LocalTree"/> sees it.</summary>
/// <param name="Name">Its name in its folder (a link's own name, not its target's).</param>
/// <param name="Path">Its path; for a followed link, the resolved path of the target.</param>
/// <param name="IsFolder">Whether it is a folder, or a link to one.</param>
/// <param name="IsLink">Whether it is a symbolic link.</param>
internal readonly record struct LocalEntry(string Name, string Path, bool IsFolder, bool IsLink);
