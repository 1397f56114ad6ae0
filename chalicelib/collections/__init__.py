"""The year-end collection (材料收集): the county office asks units for a document by a date, each unit uploads
its final file, the office returns or accepts it, and downloads every file in one archive."""
