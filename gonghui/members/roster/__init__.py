"""The member roster (会员实名制): members, search, export, inactivity flag."""
